"""Verbs of the command line; the work is done by the stage modules."""
