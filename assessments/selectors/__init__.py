"""Every read of assessment data, already scoped to the user, one module per topic (schemes, raters, scores, records,
results, publication, final, ties, appeals, mine, warnings, history).

Other apps read assessments only through `assessments.selectors.published` (the published door); the other modules
are for assessments' own pages, endpoints, services and tasks.
"""
