"""The org endpoints, one module per topic: the unit tree and posts, cadres and their appointments and groups,
and the cadres' logins. Reads for staff within their units; writes for HR within theirs, errors field by field."""
