"""The build benchmark (`scripts/bench`, `make bench`): synthetic libraries, timed builds
in fresh processes, and the table of medians and ratios. A developer's tool: nothing of
the site's build imports it."""
