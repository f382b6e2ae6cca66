"""The build: one pipeline (read, validate, plan, render, write) for build, build --all and publish;
its parallel mechanism, caches, up-to-date check, manifest, accessibility checks and atomic write.
"""
