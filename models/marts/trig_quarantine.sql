/* depends_on: {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */
{#- Input rows the engine leaves out, with the reason: nothing is dropped silently.
    Events are checked over the recent window only (var trig_quarantine_window_days),
    so the report never scans all history; duplicate events are ignored everywhere
    else by counting distinct event ids. -#}
{%- set t = trig.trig_t() -%}
{%- set window_start = dbt.dateadd('day', -(var('trig_quarantine_window_days', 7) | int), t) -%}
{%- set s = dbt.type_string() -%}

with organisations as (
    select cast(organisation_id as {{ s }}) as organisation_id from {{ trig.trig_input_relation('organisations') }}
),

people as (
    select cast(person_id as {{ s }}) as person_id, cast(organisation_id as {{ s }}) as organisation_id
    from {{ trig.trig_input_relation('people') }}
),

known_organisations as (
    select organisation_id from {{ ref('stg_trig__organisations') }}
),

{#- the staged events (id and time present), without the organisation: only the events
    that have none need the join to their person that fills it in -#}
recent_events as (
    select event_id, occurred_at, person_id, organisation_id from {{ ref('stg_trig__events') }}
    where occurred_at > {{ window_start }}
),

unattributed_events as (
    select recent_events.event_id
    from recent_events
    left join {{ trig.trig_people_of_known_organisations() }} as people
        on people.person_id = recent_events.person_id
    where recent_events.organisation_id is null and people.person_id is null
),

raw_recent_events as (
    select cast(event_id as {{ s }}) as event_id, occurred_at
    from {{ trig.trig_input_relation('events') }}
    where occurred_at > {{ window_start }} or occurred_at is null
)

select 'organisations' as input_model, cast(null as {{ s }}) as record_id, 'organisation_id is null' as reason, count(*) as row_count
from organisations where organisation_id is null having count(*) > 0
union all
select 'organisations', organisation_id, 'duplicate organisation_id (one row kept)', count(*)
from organisations where organisation_id is not null group by organisation_id having count(*) > 1
union all
select 'people', cast(null as {{ s }}), 'person_id is null', count(*)
from people where person_id is null having count(*) > 0
union all
select 'people', person_id, 'duplicate person_id (one row kept)', count(*)
from people where person_id is not null group by person_id having count(*) > 1
union all
select 'people', people.person_id, 'person without a known organisation (left out)', 1
from people left join known_organisations on known_organisations.organisation_id = people.organisation_id
where people.person_id is not null and known_organisations.organisation_id is null
union all
select 'events', cast(null as {{ s }}), 'event_id or occurred_at is null (left out)', count(*)
from raw_recent_events where event_id is null or occurred_at is null having count(*) > 0
union all
select 'events', event_id, 'duplicate event_id (counted once)', count(*)
from recent_events group by event_id having count(*) > 1
union all
select 'events', event_id, 'neither person_id nor a known organisation (left out)', 1
from unattributed_events
union all
{#- Events after T are normal in a replay (they count once T reaches them), so only
    events later than the run's own clock are reported: those are wrong timestamps. #}
select 'events', event_id, 'occurred_at is later than the run''s clock time (a wrong timestamp?)', 1
from recent_events where occurred_at > {{ trig.trig_timestamp_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S')) }}
{%- if trig.trig_source_enabled() %}
union all
select input_model, record_id, reason, row_count from {{ ref('int_trig__source_quarantine') }}
{%- endif %}
