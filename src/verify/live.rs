//! The live account as verify reads it: one list per Support resource the plan needs, each
//! read whole (every page) or refused. Reading lists rather than one object at a time keeps
//! the request count to a few pages whatever the plan's size (the rate-limit floor of a
//! verify is the pages of these lists, not the plan's items).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::plan::payload::trigger::Translated;
use crate::plan::{Payload, Plan, Section, StepId};
use crate::reconcile::{LiveGroup, LiveMacro, LiveMembership, LiveSchedule, LiveTicketField, LiveTrigger, LiveUser};

/// A Support resource verify may read (support-api.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Schedules,
    Groups,
    Memberships,
    Users,
    Macros,
    Triggers,
    TicketFields,
    AccountSettings,
    Articles,
}

impl Resource {
    /// The list path and the key of its items; whether it pages by cursor (`page[size]`).
    /// Schedules' pagination is not documented (support-api.md §3, unverified), and the
    /// recorded answer is one unpaginated list.
    pub fn path(self) -> (&'static str, &'static str, bool) {
        match self {
            Resource::Schedules => ("/api/v2/business_hours/schedules", "schedules", false),
            Resource::Groups => ("/api/v2/groups", "groups", true),
            Resource::Memberships => ("/api/v2/group_memberships", "group_memberships", true),
            // Agents and admins only: an account's end users can be millions.
            Resource::Users => ("/api/v2/users?role[]=agent&role[]=admin", "users", true),
            Resource::Macros => ("/api/v2/macros", "macros", true),
            Resource::Triggers => ("/api/v2/triggers", "triggers", true),
            Resource::TicketFields => ("/api/v2/ticket_fields", "ticket_fields", true),
            Resource::AccountSettings => ("/api/v2/account/settings", "settings", false),
            Resource::Articles => ("/api/v2/help_center/articles", "articles", true),
        }
    }

    /// `GET /api/v2/macros`: how evidence names the read.
    pub fn read(self) -> String {
        let path = self.path().0;
        format!("GET {}", path.split('?').next().unwrap_or(path))
    }

    /// What narration calls it.
    pub fn what(self) -> &'static str {
        match self {
            Resource::Schedules => "schedules",
            Resource::Groups => "groups",
            Resource::Memberships => "group memberships",
            Resource::Users => "agents",
            Resource::Macros => "macros",
            Resource::Triggers => "triggers",
            Resource::TicketFields => "ticket fields",
            Resource::AccountSettings => "account settings",
            Resource::Articles => "help centre articles",
        }
    }
}

/// One resource as read: its objects, or the status that refused it (403, 404).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Read<T> {
    Got(Vec<T>),
    Refused {
        status: u16,
    },
    /// Not read: the plan does not need it.
    #[default]
    Skipped,
}

/// What verify read of the live account.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    pub schedules: Read<LiveSchedule>,
    pub groups: Read<LiveGroup>,
    pub memberships: Read<LiveMembership>,
    pub users: Read<LiveUser>,
    pub macros: Read<LiveMacro>,
    pub triggers: Read<LiveTrigger>,
    pub ticket_fields: Read<LiveTicketField>,
    /// The `settings` object of `GET /api/v2/account/settings`, as one element.
    pub settings: Read<Value>,
    pub articles: Read<Value>,
}

/// The resources a plan's checks read, in a fixed order.
pub fn needs(plan: &Plan) -> BTreeSet<Resource> {
    let mut n = BTreeSet::new();
    for item in &plan.items {
        match (&item.section, &item.payload) {
            (Section::BusinessHours, Some(Payload::Schedule(_))) => {
                n.insert(Resource::Schedules);
            }
            (Section::Departments, Some(Payload::Group(_))) => {
                n.extend([Resource::Groups, Resource::Memberships, Resource::Users]);
            }
            // Groups too: a macro's restriction and a trigger's actions name groups by name.
            (Section::Shortcuts, Some(Payload::Macro(_))) => {
                n.extend([Resource::Macros, Resource::Groups]);
            }
            (Section::Triggers, Some(Payload::Trigger(t)))
                if matches!(t.translated, Some(Translated::SupportTrigger(_))) =>
            {
                n.extend([Resource::Triggers, Resource::Groups]);
            }
            (Section::Forms, Some(Payload::Response(r))) if !r.ticket_fields.is_empty() => {
                n.insert(Resource::TicketFields);
            }
            (Section::Routing, _) => {
                n.insert(Resource::AccountSettings);
            }
            _ => {}
        }
    }
    for step in &plan.steps {
        match step.id {
            StepId::TurnOnAgentWorkspace | StepId::ConfigureOmnichannelRouting => {
                n.insert(Resource::AccountSettings);
            }
            StepId::GrowHelpCenter => {
                n.insert(Resource::Articles);
            }
            _ => {}
        }
    }
    n
}
