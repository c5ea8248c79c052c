"""Multilingual archive of Chinese government documents.

Stages, one module (or package) each, passing plain data:
read → clean → structure → variants → render → site.
"""
