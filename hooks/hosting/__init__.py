"""Serving the public website: nginx, the Content-Security-Policy, headers, deploy."""
