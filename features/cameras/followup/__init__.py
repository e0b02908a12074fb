"""The cameras' follow-up: reminders, the summary's figures, the legal grounds.

    rules.py      pure: when each reminder falls due (erasure, no decision, review)
    reminders.py  the three reminder policies (`chat.reminders`)
    cards.py      their cards (cards/reminder_kit.py)
    summary.py    the figures of the DSO's summary and the annual report (SQL)
    grounds.py    the legal grounds valid on a day (dated data, per organisation)
"""
