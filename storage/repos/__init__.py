"""Repositories: each takes an AsyncSession; domain queries take an organisation id."""

from storage.repos.activities import ProcessedActivityRepository
from storage.repos.audit import AuditRepository
from storage.repos.conversations import ConversationInfo, ConversationRepository
from storage.repos.flows import FlowRepository
from storage.repos.organisations import OrganisationRepository, validate_slug
from storage.repos.outbox import Claimed, OutboxRepository
from storage.repos.people import PeopleRepository, TeamsUser, normalise_email
from storage.repos.roles import RoleHolder, RoleRepository, parse_role
from storage.repos.settings import OrganisationSettingsRepository

__all__ = [
    "AuditRepository",
    "Claimed",
    "ConversationInfo",
    "ConversationRepository",
    "FlowRepository",
    "OrganisationRepository",
    "OrganisationSettingsRepository",
    "OutboxRepository",
    "PeopleRepository",
    "ProcessedActivityRepository",
    "RoleHolder",
    "RoleRepository",
    "TeamsUser",
    "normalise_email",
    "parse_role",
    "validate_slug",
]
