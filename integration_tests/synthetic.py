"""Synthetic B2B SaaS data for trig: organisations, people and product events.

Everything is generated inside DuckDB with set-based SQL (``range()`` plus a seeded
hash), so the benchmark scale (10,000 organisations, 100,000 people, 10 million
events) takes seconds and the same arguments always give the same rows.

The shape is meant to exercise the engine, not just to fill tables:

* organisations sign up throughout the period (about a third before it starts, so
  there is an installed base with renewals) and follow an activation profile: ``fast``
  (first invoice within days), ``slow`` (weeks) or ``never``. Stages fill, slow
  completers raise Signals and jobs both complete and exit;
* each product milestone (first project, first invoice, ...) happens once per
  organisation at a profile-dependent delay; repeated usage of that feature only
  starts after it, so "first time X" is well defined;
* some paying organisations go dormant near the end (no logins), with a renewal date
  coming up, for churn-prevention jobs;
* real effects for the insight marts to find (README "Insight and measurement"):
  connecting an integration within 30 days of sign-up truly drives retention
  (``churned_at``: 8 % churn against 45 % without), and the ``first_invoice_nudge`` job
  truly helps: self-serve accounts that would never invoice mostly do in their second
  week unless they are in its holdout (the documented hash of
  docs/decisions/401-holdout-assignment.md), and held-out ones mostly send their first
  invoice two weeks later than they would have. ``integration_adoption``
  has a holdout and no planted effect: its lift should be noise;
* a handful of deliberately bad rows (null ids, a duplicated organisation, a person
  without an organisation, a duplicated event, an event in the future) so the
  quarantine and input tests have something to catch.

Usage::

    python integration_tests/synthetic.py --duckdb /tmp/demo.duckdb --scale demo
    python integration_tests/synthetic.py --duckdb /tmp/bench.duckdb --scale bench \\
        --history-multiplier 4 --start 2025-01-01

or ``from synthetic import generate`` (see :func:`generate`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import dataclass, replace
from typing import Any

import duckdb

RAW_SCHEMA = "raw"
# Jobs whose message truly changes behaviour, with the holdout share declared on them in
# integration_tests/models/demo/_demo__models.yml (keep the two in step): held-out
# organisations get the behaviour the job's goal asks for later, as without the nudge.
HELPFUL_JOBS = {"first_invoice_nudge": 0.5}
HELPED_DELAY_DAYS = 14
SCRATCH_TABLES = ("gen_sorted", "gen_bulk", "gen_milestones", "gen_people", "gen_org_cum",
                  "gen_org_sizes", "gen_orgs")
TABLES = ("organisations", "people", "events")


@dataclass(frozen=True)
class Scale:
    organisations: int
    people: int
    events: int
    days: int


SCALES = {
    "small": Scale(organisations=1_000, people=10_000, events=1_000_000, days=180),
    "demo": Scale(organisations=300, people=2_000, events=150_000, days=120),
    "bench": Scale(organisations=10_000, people=100_000, events=10_000_000, days=180),
}


@dataclass(frozen=True)
class Plan:
    """What to generate; ``end`` is the last moment events exist (start + days)."""

    organisations: int
    people: int
    events: int
    days: int
    start: dt.datetime
    seed: int = 42

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(days=self.days)


def make_plan(scale: str | Scale = "demo", history_multiplier: int = 1,
              start: str | dt.date = "2025-01-01", seed: int = 42) -> Plan:
    """History x N keeps the entities and the daily event rate: only time grows."""
    base = SCALES[scale] if isinstance(scale, str) else scale
    base = replace(base, days=base.days * history_multiplier,
                   events=base.events * history_multiplier)
    start_at = dt.datetime.fromisoformat(str(start))
    return Plan(base.organisations, base.people, base.events, base.days, start_at, seed)


# --------------------------------------------------------------------------- SQL
# Random numbers: a 53-bit slice of DuckDB's hash of (key, salt, seed) mapped to
# [0, 1). Keys are integers, salts name the purpose, so every draw is independent
# and reproducible.
MACROS = """
create or replace temp macro rnd(k, salt) as
    ((hash(k, salt, {seed}) >> 11)::double / 9007199254740992.0);
create or replace temp macro rexp(k, salt, mean_days) as
    (-ln(1.0 - rnd(k, salt)) * mean_days);
create or replace temp macro pick(arr, k, salt) as
    (arr[1 + floor(rnd(k, salt) * len(arr))::int]);
create or replace temp macro ndays(x) as (to_microseconds((x * 86400000000)::bigint));
create or replace temp macro org_id(k) as ('org_' || lpad(k::varchar, 6, '0'));
-- the engine's holdout bucket of (job, organisation): docs/decisions/401-holdout-assignment.md
create or replace temp macro holdout_bucket(job, k) as
    (('0x' || substr(md5(job || '|' || org_id(k)), 1, 7))::bigint % 10000);
"""

# One row per organisation, in sign-up order (index k); sign-up times are monotonic in
# k, which lets events pick "an organisation that exists at time t" by index alone.
ORGANISATIONS_SQL = """
create or replace temp table gen_orgs as
with base as (
    select
        k,
        k < {n_pre} as pre_existing,
        case when k < {n_pre}
            then timestamp '{start}' - interval 365 day
                 + ndays((k + rnd(k, 'signup')) / {n_pre} * 365.0)
            else timestamp '{start}'
                 + ndays((k - {n_pre} + rnd(k, 'signup')) / {n_new} * {days})
        end as signed_up_at,
        case when rnd(k, 'profile') < 0.45 then 'fast'
             when rnd(k, 'profile') < 0.75 then 'slow'
             else 'never' end as profile,
        rnd(k, 'plan') as plan_u
    from range({n_orgs}) as r(k)
),
planned as (
    select *,
        case
            when profile = 'never' then case when plan_u < 0.8 then 'free' else 'starter' end
            when plan_u < 0.30 then 'free'
            when plan_u < 0.60 then 'starter'
            when plan_u < 0.88 then 'pro'
            else 'enterprise'
        end as plan,
        -- the next anniversary of the contract after the data ends
        signed_up_at + to_years(
            (1 + floor(date_diff('day', signed_up_at, timestamp '{end}') / 365.25))::integer
        ) as renewal_at
    from base
),
-- Activation milestones, in days after sign-up (null: never happens). Slow
-- organisations take about six times longer and skip more steps.
milestones as (
    select *,
        case profile when 'fast' then 1.0 when 'slow' then 6.0 else 3.0 end as pace,
        rexp(k, 'm_project', 0.4) as d_project,
        rexp(k, 'm_inv_created', 1.0) as d_inv_created,
        rexp(k, 'm_inv_sent', 1.0) as d_inv_sent,
        rexp(k, 'm_teammate', 4.0) as d_teammate,
        rexp(k, 'm_integration', 6.0) as d_integration,
        rexp(k, 'm_payment', 4.0) as d_payment,
        -- held out of a helpful job: four in five act two weeks later than they would have
        case when {unhelped_condition} and rnd(k, 'unhelped') < 0.8
            then {helped_delay_days} else 0 end as unhelped,
        -- self-serve accounts that would never invoice: seven in ten of those the nudge
        -- reaches (not held out) send one in their second week, after it arrived
        profile = 'never' and plan in ('free', 'starter') and not {unhelped_condition}
            and rnd(k, 'nudged') < 0.7 as nudged,
        7.0 + 3.0 * rnd(k, 'nudged_at') as nudged_at_day
    from planned
)
select
    k,
    pre_existing,
    signed_up_at,
    profile,
    plan,
    renewal_at,
    signed_up_at + ndays(d_project * pace)
        as first_project_at,
    case when profile <> 'never' or rnd(k, 'never_inv') < 0.05
        then signed_up_at + ndays((d_project + d_inv_created) * pace)
        when nudged then signed_up_at + ndays(nudged_at_day) end
        as first_invoice_created_at,
    case when profile <> 'never'
        then signed_up_at + ndays((d_project + d_inv_created + d_inv_sent) * pace + unhelped)
        when nudged then signed_up_at + ndays(nudged_at_day + 0.01) end
        as first_invoice_sent_at,
    case when profile = 'fast' and rnd(k, 'p_team') < 0.85
              or profile = 'slow' and rnd(k, 'p_team') < 0.6
              or plan in ('pro', 'enterprise') and profile <> 'never'
        then signed_up_at + ndays(d_teammate * pace) end
        as first_teammate_invited_at,
    case when profile = 'fast' and rnd(k, 'p_integ') < 0.7
              or profile = 'slow' and rnd(k, 'p_integ') < 0.4
        then signed_up_at + ndays(d_integration * pace) end
        as first_integration_at,
    case when profile <> 'never'
        then signed_up_at + ndays((d_project + d_inv_created + d_inv_sent + d_payment) * pace
                                  + unhelped) end
        as first_payment_at,
    -- paying customers at risk go quiet some weeks before the data ends, more often
    -- when their renewal is near (the churn-prevention audience)
    case when plan <> 'free' and rnd(k, 'dormant')
              < case when renewal_at < timestamp '{end}' + interval 120 day then 0.6 else 0.08 end
        then greatest(signed_up_at + ndays(20),
                      timestamp '{end}' - ndays(10 + rnd(k, 'dormant_at') * 70)) end
        as dormant_from,
    case profile when 'fast' then 1.0 when 'slow' then 0.6 else 0.25 end as engagement
from milestones
"""

# People per organisation grow with the plan; the counts are rescaled so the total
# lands near the requested number. Person 0 of each organisation is its admin and
# exists from sign-up; teammates join after the first invitation (or never).
PEOPLE_SQL = """
create or replace temp table gen_org_sizes as
with raw_sizes as (
    select k,
        case plan when 'free' then 1 + 2 * rnd(k, 'size')
                  when 'starter' then 2 + 4 * rnd(k, 'size')
                  when 'pro' then 5 + 15 * rnd(k, 'size')
                  else 15 + 45 * rnd(k, 'size') end as raw_size
    from gen_orgs
),
sized as (
    select k, greatest(1, round(raw_size * {n_people} / sum(raw_size) over ()))::bigint as n_people
    from raw_sizes
)
select k, n_people,
    coalesce(sum(n_people) over (order by k rows between unbounded preceding and 1 preceding),
             0)::bigint as first_person
from sized;

-- cumulative people before organisation k, with a sentinel row k = n
create or replace temp table gen_org_cum as
select k, first_person as people_before from gen_org_sizes
union all
select {n_orgs}, (select sum(n_people) from gen_org_sizes);

create or replace temp table gen_people as
select
    s.first_person + j as p,
    o.k,
    j,
    case
        when j = 0 then o.signed_up_at
        when o.first_teammate_invited_at is null then null
        when rnd(s.first_person + j, 'joins') < 0.85
            then o.first_teammate_invited_at
                 + ndays(rexp(s.first_person + j, 'join_delay', 3.0) * sqrt(j))
    end as joined_at
from gen_org_sizes as s
join gen_orgs as o using (k),
     lateral (select unnest(range(s.n_people)) as j)
"""

# Bulk usage events. Draw a time uniformly over the period, then a person among the
# people of organisations that had signed up by then (a prefix of the people index):
# bigger organisations get more events. Thinning by engagement, weekday, hour and
# dormancy gives the texture; milestone features are used only after their first use.
BULK_EVENTS_SQL = """
create or replace temp table gen_bulk as
with draws as (
    select i,
        timestamp '{start}' + ndays(rnd(i, 't') * {days}) as t,
        rnd(i, 'who') as who_u,
        rnd(i, 'what') as what_u
    from range({n_draws}) as r(i)
),
-- quieter weekends and nights; thinned before the joins, which dominate the cost
timed as (
    select * from draws
    where rnd(i, 'keep_t') < (case when dayofweek(t) in (0, 6) then 0.35 else 1.0 end)
        * (0.25 + 0.75 * greatest(0.0, sin((hour(t) - 6) / 24.0 * 2 * pi())))
),
located as (
    select d.*,
        -- organisations with index < n_known had signed up before t
        least({n_orgs},
              {n_pre} + floor(epoch(d.t - timestamp '{start}') / 86400.0 / {days} * {n_new})
        )::bigint as n_known
    from timed as d
),
chosen as (
    select l.*, floor(l.who_u * c.people_before)::bigint as p
    from located as l
    join gen_org_cum as c on c.k = l.n_known
    where c.people_before > 0
),
resolved as (
    select c.i, c.t, c.what_u,
        -- someone not yet on the team: the admin acts instead
        case when pe.joined_at <= c.t then c.p else s.first_person end as p,
        o.k, o.dormant_from, o.engagement, o.first_project_at, o.first_invoice_created_at,
        o.first_invoice_sent_at, o.first_payment_at, o.first_teammate_invited_at,
        o.first_integration_at
    from chosen as c
    join gen_people as pe on pe.p = c.p
    join gen_orgs as o on o.k = pe.k
    join gen_org_sizes as s on s.k = pe.k
),
kept as (
    select *,
        case
            when what_u < 0.34 then 'login'
            when what_u < 0.56 then 'report_viewed'
            when what_u < 0.63 then 'project_created'
            when what_u < 0.76 then 'invoice_created'
            when what_u < 0.87 then 'invoice_sent'
            when what_u < 0.95 then 'payment_received'
            when what_u < 0.98 then 'teammate_invited'
            else 'integration_connected'
        end as wanted
    from resolved
    where (dormant_from is null or t < dormant_from)
      and rnd(i, 'keep') < engagement
)
select i, t as occurred_at, p, k,
    case
{gating}        else wanted
    end as event_name
from kept
"""

# One event per organisation and milestone (sign-up included), done by the admin.
MILESTONE_EVENTS_SQL = """
create or replace temp table gen_milestones as
select k, s.first_person as p, m.event_name, m.occurred_at
from gen_orgs as o
join gen_org_sizes as s using (k),
lateral (
    select unnest([
        {{'event_name': 'signed_up', 'occurred_at': o.signed_up_at}},
        {{'event_name': 'project_created', 'occurred_at': o.first_project_at}},
        {{'event_name': 'invoice_created', 'occurred_at': o.first_invoice_created_at}},
        {{'event_name': 'invoice_sent', 'occurred_at': o.first_invoice_sent_at}},
        {{'event_name': 'teammate_invited', 'occurred_at': o.first_teammate_invited_at}},
        {{'event_name': 'integration_connected', 'occurred_at': o.first_integration_at}},
        {{'event_name': 'payment_received', 'occurred_at': o.first_payment_at}}
    ], recursive := true)
) as m
where m.occurred_at is not null
  and m.occurred_at >= timestamp '{start}'
  and m.occurred_at <= timestamp '{end}'
"""

# JSON properties per event type, built as text (cheap, and what loaders land).
PROPERTIES = {
    "login": [("device", "['web', 'web', 'web', 'ios', 'android']")],
    "report_viewed": [("report", "['revenue', 'aging', 'tax', 'expenses', 'cash_flow']")],
    "project_created": [("template", "['blank', 'retainer', 'fixed_fee', 'hourly']")],
    "invoice_created": [("amount", None), ("currency", "['EUR', 'USD', 'GBP']")],
    "invoice_sent": [("amount", None),
                     ("channel", "['email', 'email', 'email', 'link', 'whatsapp']")],
    "payment_received": [("amount", None),
                         ("method", "['card', 'card', 'bank_transfer', 'paypal']")],
    "integration_connected": [("integration",
                               "['stripe', 'quickbooks', 'xero', 'slack', 'hubspot']")],
    "teammate_invited": [("role", "['accountant', 'manager', 'member']")],
    "signed_up": [("source", "['organic', 'paid_search', 'referral', 'partner']")],
}

# Feature events seen before the organisation's first use of that feature become
# generic usage, so the milestone event really is the first one.
GATED = [
    ("project_created", "first_project_at", "login"),
    ("invoice_created", "first_invoice_created_at", "login"),
    ("invoice_sent", "first_invoice_sent_at", "report_viewed"),
    ("payment_received", "first_payment_at", "login"),
    ("teammate_invited", "first_teammate_invited_at", "login"),
    ("integration_connected", "first_integration_at", "report_viewed"),
]


def _gating_sql() -> str:
    return "".join(
        f"        when wanted = '{name}' and ({column} is null or t < {column}) then '{instead}'\n"
        for name, column, instead in GATED
    )


def _properties_sql() -> str:
    """JSON text per event type; amounts are exponential, choices are weighted lists."""
    branches = []
    for event_name, fields in PROPERTIES.items():
        parts = []
        for key, choices in fields:
            if choices is None:
                value = "round(50 + rexp(i, 'amt', 900), 2)::varchar"
            else:
                value = f"'\"' || pick({choices}, i, '{key}') || '\"'"
            parts.append(f"'\"{key}\": ' || {value}")
        body = " || ', ' || ".join(parts)
        branches.append(f"    when '{event_name}' then '{{' || {body} || '}}'")
    return "case event_name\n" + "\n".join(branches) + "\nend"


# Final events. Payments arrive from the billing system (organisation only); a third
# of the product events carry only the person (the engine fills in the organisation).
EVENTS_SQL = """
create or replace temp table gen_sorted as
select * from (
    select i, occurred_at, p, k, event_name from gen_bulk
    union all
    select -row_number() over (order by k, event_name), occurred_at, p, k, event_name
    from gen_milestones
)
order by occurred_at;

-- a projection of the sorted narrow table keeps its order (DuckDB preserves
-- insertion order), so the wide rows are never sorted
create or replace table {schema}.events as
select
    'evt_' || case when i < 0 then 'm' || -i else 'u' || i end as event_id,
    event_name,
    date_trunc('second', occurred_at) as occurred_at,
    case when event_name <> 'payment_received' then 'per_' || lpad(p::varchar, 7, '0') end
        as person_id,
    case when event_name <> 'payment_received' and rnd(i, 'no_org') < 0.33 then null
         else 'org_' || lpad(k::varchar, 6, '0') end as organisation_id,
    {properties} as properties
from gen_sorted
"""

COUNTRIES = "['US', 'US', 'US', 'GB', 'GB', 'DE', 'FR', 'NL', 'CA', 'AU', 'ES', 'IE', 'SE']"
CSMS = ("['maria.lopez@trig.example', 'tom.becker@trig.example', "
        "'aisha.khan@trig.example', 'li.wei@trig.example', 'sam.okafor@trig.example']")

# Organisation attributes as a CRM would hold them. last_login_at is the CRM's own
# sync of product usage (the latest login up to the end of the data).
ORGANISATIONS_OUT_SQL = """
create or replace table {schema}.organisations as
with logins as (
    select k, date_trunc('second', max(occurred_at)) as last_login_at
    from gen_bulk where event_name = 'login' group by k
)
select
    'org_' || lpad(o.k::varchar, 6, '0') as organisation_id,
    pick(['Bright', 'Northwind', 'Blue', 'Silver', 'Harbor', 'Maple', 'Granite', 'Lumen',
          'Cedar', 'Atlas', 'Nimbus', 'Copper', 'Orchid', 'Summit', 'Willow'], o.k, 'n1')
      || ' ' || pick(['Ledger', 'Studio', 'Labs', 'Works', 'Partners', 'Consulting', 'Design',
                      'Logistics', 'Dental', 'Legal', 'Media', 'Builders'], o.k, 'n2')
      || ' ' || (o.k % 997)::varchar as organisation_name,
    o.plan,
    case o.plan when 'free' then 0
                when 'starter' then 600 * (2 + floor(rnd(o.k, 'arr') * 8))
                when 'pro' then 3000 * (2 + floor(rnd(o.k, 'arr') * 9))
                else 10000 * (3 + floor(rexp(o.k, 'arr', 6))) end::integer as arr,
    o.signed_up_at::date as sign_up_date,
    pick({countries}, o.k, 'country') as country,
    pick(['accounting', 'agency', 'construction', 'healthcare', 'legal', 'retail', 'software'],
         o.k, 'ind') as industry,
    case o.plan when 'free' then 1 + floor(rnd(o.k, 'emp') * 5)
                when 'starter' then 3 + floor(rnd(o.k, 'emp') * 20)
                when 'pro' then 15 + floor(rnd(o.k, 'emp') * 150)
                else 150 + floor(rexp(o.k, 'emp', 800)) end::integer as employees,
    case when o.plan in ('pro', 'enterprise') then pick({csms}, o.k, 'csm') end as csm_email,
    case when o.plan <> 'free' then o.renewal_at::date end as renewal_date,
    (100000 + o.k * 7 + floor(rnd(o.k, 'hs') * 7))::bigint::varchar as hubspot_company_id,
    case when o.plan in ('pro', 'enterprise')
        then '001' || upper(substr(md5(o.k::varchar || 'sf{seed}'), 1, 15))
    end as salesforce_account_id,
    o.profile = 'never' and o.signed_up_at < timestamp '{end}' - interval 60 day
        and rnd(o.k, 'churned') < 0.5 as is_churned,
    -- closed accounts churned within two months; others churn after the first month,
    -- far less often when they connected an integration in their first 30 days
    case
        when o.profile = 'never' and o.signed_up_at < timestamp '{end}' - interval 60 day
            and rnd(o.k, 'churned') < 0.5
            then date_trunc('second', o.signed_up_at + ndays(31 + 29 * rnd(o.k, 'churn_at')))
        when rnd(o.k, 'churn') < case when o.first_integration_at
                                          <= o.signed_up_at + interval 30 day
                                      then 0.08 else 0.45 end
            and o.signed_up_at + ndays(31 + rexp(o.k, 'churn_at', 20)) <= timestamp '{end}'
            then date_trunc('second', o.signed_up_at + ndays(31 + rexp(o.k, 'churn_at', 20)))
    end as churned_at,
    l.last_login_at,
    owner.email as owner_email,
    owner.first_name as owner_first_name,
    date_trunc('second', o.signed_up_at + ndays(rnd(o.k, 'upd') * 30)) as updated_at
from gen_orgs as o
left join logins as l using (k)
left join {schema}.people as owner
    on owner.organisation_id = 'org_' || lpad(o.k::varchar, 6, '0') and owner.role = 'admin'
where o.signed_up_at <= timestamp '{end}'
order by o.k
"""

PEOPLE_OUT_SQL = """
create or replace table {schema}.people as
with seen as (
    select p, date_trunc('second', max(occurred_at)) as last_seen_at, count(*) as events_total
    from gen_bulk group by p
),
named as (
    select pe.*,
        pick(['Alex', 'Sam', 'Maria', 'Lee', 'Priya', 'Tom', 'Chen', 'Fatima', 'Jonas',
              'Emma', 'Lucas', 'Aisha', 'Noah', 'Sofia', 'Omar', 'Julia', 'Kenji', 'Ines'],
             pe.p, 'fn') as first_name,
        pick(['Smith', 'Garcia', 'Müller', 'Martin', 'Rossi', 'Nguyen', 'Kowalski', 'Silva',
              'Johnson', 'Dubois', 'Jansen', 'O''Brien', 'Patel', 'Andersson'],
             pe.p, 'ln') as last_name
    from gen_people as pe
    join gen_orgs as o using (k)
    where o.signed_up_at <= timestamp '{end}'
)
select
    'per_' || lpad(n.p::varchar, 7, '0') as person_id,
    'org_' || lpad(n.k::varchar, 6, '0') as organisation_id,
    lower(n.first_name || '.' || replace(n.last_name, '''', '')) || n.p::varchar
        || '@org' || n.k::varchar || '.example' as email,
    n.first_name,
    n.last_name,
    case when n.j = 0 then 'admin'
         else pick(['accountant', 'manager', 'member', 'member', 'viewer'], n.p, 'role')
    end as role,
    date_trunc('second', n.joined_at) as created_at,
    s.last_seen_at,
    coalesce(s.events_total, 0)::integer as events_total,
    rnd(n.p, 'optin') < 0.7 as marketing_opt_in
from named as n
left join seen as s using (p)
order by n.p
"""

# Deliberately bad rows, one of each kind the engine must quarantine or report.
BAD_ROWS_SQL = """
insert into {schema}.organisations by name
    select null as organisation_id, 'Nameless Ltd' as organisation_name, 'free' as plan,
           0 as arr, date '{start}' as sign_up_date, timestamp '{start}' as updated_at;
insert into {schema}.organisations by name
    select organisation_id, organisation_name || ' (old CRM copy)' as organisation_name,
           'free' as plan, 0 as arr, sign_up_date, updated_at - interval 400 day as updated_at
    from {schema}.organisations where organisation_id = 'org_000001';
insert into {schema}.people by name
    select 'per_orphan1' as person_id, null as organisation_id,
           'orphan@nowhere.example' as email, 'Orphan' as first_name;
insert into {schema}.people by name
    select 'per_orphan2' as person_id, 'org_missing' as organisation_id,
           'ghost@nowhere.example' as email, 'Ghost' as first_name;
insert into {schema}.people by name
    select null as person_id, 'org_000002' as organisation_id,
           'noid@org2.example' as email, 'Noid' as first_name;
insert into {schema}.events
    select * from {schema}.events where event_name = 'invoice_sent'
    order by occurred_at, event_id limit 1;
insert into {schema}.events values
    ('evt_future', 'login', timestamp '{end}' + interval 30 day, 'per_0000000', 'org_000000',
     '{{"device": "web"}}'),
    (null, 'login', timestamp '{end}' - interval 1 day, 'per_0000000', 'org_000000', null),
    ('evt_orphan', 'login', timestamp '{end}' - interval 1 day, 'per_orphan1', null, null);
"""


def _params(plan: Plan) -> dict[str, Any]:
    n_pre = max(1, round(plan.organisations * 0.35))
    return {
        "seed": plan.seed, "n_orgs": plan.organisations, "n_pre": n_pre,
        "n_new": plan.organisations - n_pre, "n_people": plan.people, "days": plan.days,
        "start": plan.start.isoformat(sep=" "), "end": plan.end.isoformat(sep=" "),
        "schema": RAW_SCHEMA, "countries": COUNTRIES, "csms": CSMS,
        "unhelped_condition": _unhelped_sql(), "helped_delay_days": HELPED_DELAY_DAYS,
    }


def _unhelped_sql() -> str:
    """True for an organisation in the holdout of one of the HELPFUL_JOBS."""
    tests = [f"holdout_bucket('{job}', k) < {round(share * 10000)}"
             for job, share in HELPFUL_JOBS.items()]
    return "(" + " or ".join(tests or ["false"]) + ")"


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> None:
    con.execute(sql.format(**params))


def _kept_fraction(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> float:
    """Thinning drops a data-dependent share of draws: measure it on a sample so the
    event count lands near the target without a second pass over the full set."""
    sample = 200_000
    _run(con, BULK_EVENTS_SQL, {**params, "n_draws": sample, "gating": _gating_sql()})
    kept = con.execute("select count(*) from gen_bulk").fetchone()[0]
    return max(kept, 1) / sample


def _milestone_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from gen_milestones").fetchone()[0]


def generate(con: duckdb.DuckDBPyConnection | str, scale: str | Scale = "demo", *,
             history_multiplier: int = 1, start: str | dt.date = "2025-01-01",
             seed: int = 42, verbose: bool = False) -> dict[str, Any]:
    """Write raw.organisations, raw.people and raw.events into a DuckDB database.

    ``con`` is an open DuckDB connection or a path. Returns a summary: counts, the
    period (``start``, ``end``) and the generation time in seconds.
    """
    own = isinstance(con, str)
    connection = duckdb.connect(con) if own else con
    try:
        return _generate(connection, make_plan(scale, history_multiplier, start, seed), verbose)
    finally:
        if own:
            connection.close()


def _generate(con: duckdb.DuckDBPyConnection, plan: Plan, verbose: bool) -> dict[str, Any]:
    started = time.perf_counter()
    params = _params(plan)
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(MACROS.format(**params))
    _run(con, ORGANISATIONS_SQL, params)
    for statement in PEOPLE_SQL.split(";"):
        _run(con, statement, params)
    _run(con, MILESTONE_EVENTS_SQL, params)
    wanted_bulk = max(plan.events - _milestone_count(con), 0)
    params["n_draws"] = int(wanted_bulk / _kept_fraction(con, params))
    _run(con, BULK_EVENTS_SQL, {**params, "gating": _gating_sql()})
    for statement in EVENTS_SQL.split(";"):
        _run(con, statement, {**params, "properties": _properties_sql()})
    _run(con, PEOPLE_OUT_SQL, params)
    _run(con, ORGANISATIONS_OUT_SQL, params)  # reads people for the account owner
    for statement in BAD_ROWS_SQL.split(";"):
        if statement.strip():
            _run(con, statement, params)
    for table in SCRATCH_TABLES:
        con.execute(f"drop table if exists {table}")
    summary = _summary(con, plan, time.perf_counter() - started)
    if verbose:
        print(summary)
    return summary


def _summary(con: duckdb.DuckDBPyConnection, plan: Plan, seconds: float) -> dict[str, Any]:
    counts = {t: con.execute(f"select count(*) from {RAW_SCHEMA}.{t}").fetchone()[0]
              for t in TABLES}
    return {**counts, "start": plan.start, "end": plan.end, "days": plan.days,
            "seconds": round(seconds, 2)}


# ---------------------------------------------------------------------- export
def export_to_postgres(duck: duckdb.DuckDBPyConnection | str, pg_connection: Any,
                       schema: str = RAW_SCHEMA) -> None:
    """Copy the three raw tables into PostgreSQL (meant for small scales).

    ``pg_connection`` is a psycopg2 connection or a SQLAlchemy connection/engine
    (its DBAPI connection is used). Tables are replaced; the caller's transaction is
    committed.
    """
    own = isinstance(duck, str)
    con = duckdb.connect(duck, read_only=True) if own else duck
    raw = _dbapi(pg_connection)
    try:
        with raw.cursor() as cur:
            cur.execute(f'create schema if not exists "{schema}"')
            for table in TABLES:
                _copy_table(con, cur, schema, table)
        raw.commit()
    finally:
        if own:
            con.close()


def _dbapi(connection: Any) -> Any:
    """psycopg2 connection from whatever SQLAlchemy or psycopg2 object was given."""
    if hasattr(connection, "raw_connection"):  # SQLAlchemy engine
        connection = connection.raw_connection()
    if hasattr(connection, "connection") and not hasattr(connection, "cursor"):
        connection = connection.connection  # SQLAlchemy Connection
    return getattr(connection, "dbapi_connection", connection)


PG_TYPES = {"VARCHAR": "text", "TIMESTAMP": "timestamp", "DATE": "date", "INTEGER": "integer",
            "BIGINT": "bigint", "BOOLEAN": "boolean", "DOUBLE": "double precision"}


def _copy_table(con: duckdb.DuckDBPyConnection, cur: Any, schema: str, table: str) -> None:
    import csv
    import io

    columns = con.execute(f"describe {RAW_SCHEMA}.{table}").fetchall()
    ddl = ", ".join(f'"{name}" {PG_TYPES.get(str(kind), "text")}' for name, kind, *_ in columns)
    cur.execute(f'drop table if exists "{schema}"."{table}"')
    cur.execute(f'create table "{schema}"."{table}" ({ddl})')
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in con.execute(f"select * from {RAW_SCHEMA}.{table}").fetchall():
        writer.writerow(["\\N" if v is None else v for v in row])
    buffer.seek(0)
    cur.copy_expert(f'copy "{schema}"."{table}" from stdin with (format csv, null \'\\N\')', buffer)


# ------------------------------------------------------------------------- CLI
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate synthetic B2B SaaS data for trig.")
    parser.add_argument("--duckdb", required=True, help="DuckDB file to write (schema raw)")
    parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
    parser.add_argument("--history-multiplier", type=int, default=1,
                        help="make history N times longer at the same daily event rate")
    parser.add_argument("--start", default="2025-01-01", help="first day of events (YYYY-MM-DD)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--postgres", help="also copy the raw tables to this PostgreSQL URL "
                        "(postgresql://user:pass@host:port/db)")
    args = parser.parse_args(argv)
    summary = generate(args.duckdb, args.scale, history_multiplier=args.history_multiplier,
                       start=args.start, seed=args.seed)
    print(f"organisations={summary['organisations']} people={summary['people']} "
          f"events={summary['events']} period={summary['start']:%Y-%m-%d}.."
          f"{summary['end']:%Y-%m-%d} in {summary['seconds']}s")
    if args.postgres:
        import psycopg2

        with psycopg2.connect(args.postgres) as pg:
            export_to_postgres(args.duckdb, pg)
        print("copied to PostgreSQL")


if __name__ == "__main__":
    main()
