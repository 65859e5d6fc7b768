"""Forms of the org pages. They parse input only; the services decide what is allowed."""
