"""Every read of tenure data, one module per topic, each already scoped to the user.

policy        the versions of an organization's policy and what a version says (PolicyBook)
terms         terms, what they mean on a day (served, counting, caps), cadres_over_level_cap
checks        the reasons given to org against an appointment or a transfer (caps, audits)
goals         term goals, those awaiting review or approval, the public listing
evaluations   rounds, the rows of the 任期年度考评表, a row's goal lines
audits        economic responsibility audits
people        who is told (HR users and committee members whose units hold a unit)
"""
