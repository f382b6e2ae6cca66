"""Reviewing rendered papers: papergen diff (diff, worddiff), redlines, git textconv, git revisions.
"""
