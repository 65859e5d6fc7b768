"""The assessments REST API, split by topic; assessments/api_urls.py routes it."""
