"""`papergen serve`: a live preview of a meeting's papers while writing, from one warm process.

Above papergen.api in the layers: it builds through the public API (render
cache on, so only the papers a change affects are rendered again), and serves
only what that build wrote, from memory. Modules: site (the warm builds and the
pages they give), pages (what the preview adds to a built page), events (the
server-sent events that reload an open page), watch (watchfiles -> rebuilds),
http (the standard-library server and its routes).
"""
