"""SQLAlchemy models. Import from here: `from storage.models import Person`."""

from storage.models.audit import AuditEntry
from storage.models.base import (
    Base,
    OrganisationScoped,
    Revisioned,
    Timestamped,
    UTCDateTime,
    column_length,
    utcnow,
)
from storage.models.cameras import (
    Camera,
    CameraLegalGround,
    FootageRequest,
    FootageRequestEvent,
)
from storage.models.conversations import ConversationReference, ProcessedActivity
from storage.models.directory import ROLE_VALUES, Organisation, Person, Role, RoleAssignment
from storage.models.flows import FlowInstance, FlowStatus
from storage.models.incidents import Incident, IncidentEvent, ReferenceCounter
from storage.models.outbox import (
    OutboxAttempt,
    OutboxMessage,
    OutboxState,
    ReminderSetting,
    ReminderSnooze,
)
from storage.models.register import (
    ActivityVersion,
    ChangeRequest,
    ProcessingActivity,
    RegisterObject,
    RequestEvent,
)
from storage.models.reports import AnnualReport
from storage.models.retention import AuditPurgePermit, RetentionSchedule
from storage.models.rights import RightsQuestion, RightsRequest, RightsRequestEvent
from storage.models.settings import OrganisationSettings

__all__ = [
    "ROLE_VALUES",
    "ActivityVersion",
    "AnnualReport",
    "AuditEntry",
    "AuditPurgePermit",
    "Base",
    "Camera",
    "CameraLegalGround",
    "ChangeRequest",
    "ConversationReference",
    "FlowInstance",
    "FlowStatus",
    "FootageRequest",
    "FootageRequestEvent",
    "Incident",
    "IncidentEvent",
    "Organisation",
    "OrganisationScoped",
    "OrganisationSettings",
    "OutboxAttempt",
    "OutboxMessage",
    "OutboxState",
    "Person",
    "ProcessedActivity",
    "ProcessingActivity",
    "ReferenceCounter",
    "RegisterObject",
    "ReminderSetting",
    "ReminderSnooze",
    "RequestEvent",
    "RetentionSchedule",
    "Revisioned",
    "RightsQuestion",
    "RightsRequest",
    "RightsRequestEvent",
    "Role",
    "RoleAssignment",
    "Timestamped",
    "UTCDateTime",
    "column_length",
    "utcnow",
]
