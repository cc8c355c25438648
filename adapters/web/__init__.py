"""The browser trial and the landing and privacy pages."""
