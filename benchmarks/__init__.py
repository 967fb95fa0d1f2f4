"""Speed and memory targets: `make bench` runs them all."""
