"""Cadres' logins: the username a cadre gets, the one-time activation codes, the state of an account, and the
activation sheet HR prints (PDF and XLSX). The writes are org.services.accounts."""
