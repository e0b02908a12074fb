"""Requests for recorded material (`kamerabegäran`): logged by the member of staff who
received it, the erasure clock first, then the material secured, the secrecy
assessment and decision, the hand-over and the close.

    rules/      the erasure clock (clock.py) and the workflow's vocabulary
    flow.py     the guided logging; forms.py the forms on the request's card
    access.py, records.py, repo.py, views.py, cards.py
    handlers/   filing the flow (log.py), the card's actions (requests.py), the desk
"""
