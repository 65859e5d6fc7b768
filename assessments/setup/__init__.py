"""How assessments wires itself into the rest of the app, once, from AssessmentsConfig.ready(): the scoring deadline
and the demo (scoring), the landing-page sections (panels) and the words of its audit rows (audit_words)."""
