"""Word papers: template preparation (template), WordprocessingML (wordml), rendering (render),
the deterministic zip writer (package).
"""
