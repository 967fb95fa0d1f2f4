"""Rules as data: screening and progression thresholds, each with its source."""
