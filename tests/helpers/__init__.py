"""Helpers of the tests (and benchmarks), not part of the pipeline.

Load a module here by its path, e.g. with importlib.util.spec_from_file_location: the
name ``tests`` resolves to the top-level ``tests`` package argostranslate installs into
site-packages, which shadows this folder.
"""
