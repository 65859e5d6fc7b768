"""Every write to tenure data, one module per topic. Keyword-only, atomic, validated, audited.

policy                 a new version of the organization's policy (and the term sync it sets off)
terms                  the term sync: terms computed from appointments, with their reminders
placements             the committee's placement at term end, writing the appointment changes through org
goals                  term goals: propose, resubmit, review, approve, return
goal_imports           the goals' template and the all-or-nothing import
evaluations            evaluation rounds: open, rows, team, attainment, comments, 民意测评 rows, ranking
evaluation_decisions   the committee's choice among quota ties, and its confirmation of a round
democratic             民意测评 imported (and the seam for the democratic evaluation's results)
audits                 economic responsibility audits, step by step
"""
