"""The model: input shapes (schema), the assembled meeting (core), loading (load), § resolution
(protokoll), a run's memo and dependency record (memo, reads), formatting of values (format).
"""
