"""Printable and shareable output: exercise figures (SVG), progress charts, the PDF handout and
iCalendar reminders.

Each renderer takes plain data (a catalog exercise, a plan, a progress summary) and returns text or
bytes; none reads the store, so the CLI and the web app share them. Heavy libraries (WeasyPrint,
cairosvg, icalendar) are imported only when a file is made.
"""
