{{ config(enabled=trig.trig_source_enabled(), materialized='view') }}
{#- The staged events in the engine's input shape, resolved as of now (a view, so a
    later identify call or a changed name mapping applies to past events too, and a
    time filter on occurred_at still prunes the staged table):
    - person: the source's own person record (CRM contact, Segment user, Pendo
      visitor), else the same user id in another product source, else a Segment
      anonymous id's last known user; people merged by email share one person_id;
    - event_name: var `trig_event_name_map_model` (the user's mapping), then the
      package's seed trig_event_name_map, then lower case with '_' between words;
    - the user's own events model is unioned when var trig_include_input_models is true. -#}
{%- set s = dbt.type_string() -%}
{%- set user_map = var('trig_event_name_map_model', none) -%}

with events as (
    select * from {{ ref('int_trig__source_events_staged') }}
),

person_keys as (
    select source, source_record_id, person_id, user_id from {{ ref('int_trig__source_person_keys') }}
),

name_map as (
    select source, raw_event_name, min(event_name) as event_name
    from {{ ref('trig_event_name_map') }}
    group by source, raw_event_name
){% if user_map %},

user_name_map as (
    select cast(source as {{ s }}) as source, cast(raw_event_name as {{ s }}) as raw_event_name, min(cast(event_name as {{ s }})) as event_name
    from {{ ref(user_map) }}
    group by source, raw_event_name
){% endif %}

select
    events.event_id,
    coalesce(
        {%- if user_map %}user_source_name.event_name, user_any_name.event_name,{% endif %}
        source_name.event_name, any_name.event_name,
        {{ trig.trig_event_name('events.raw_event_name') }}
    ) as event_name,
    events.occurred_at,
    coalesce(
        own.person_id,
        shared.person_id,
        anonymous.person_id,
        {{ dbt.concat(['events.source', "':'", 'coalesce(events.actor_record_id, anonymous.user_id)']) }}
    ) as person_id,
    events.organisation_record_id as organisation_id,
    events.properties,
    events.source,
    events.raw_event_name
from events
left join person_keys as own on own.source = events.source and own.source_record_id = events.actor_record_id
left join person_keys as shared on shared.source = '*' and shared.source_record_id = events.actor_record_id
left join person_keys as anonymous
    on anonymous.source = {{ dbt.concat(['events.source', "'#anonymous'"]) }}
    and anonymous.source_record_id = events.anonymous_id
    and events.actor_record_id is null
left join name_map as source_name on source_name.source = events.source and source_name.raw_event_name = events.raw_event_name
left join name_map as any_name on any_name.source = '*' and any_name.raw_event_name = events.raw_event_name
{%- if user_map %}
left join user_name_map as user_source_name on user_source_name.source = events.source and user_source_name.raw_event_name = events.raw_event_name
left join user_name_map as user_any_name on user_any_name.source = '*' and user_any_name.raw_event_name = events.raw_event_name
{%- endif %}
{%- if trig.trig_include_input_models() %}
{%- set user_events = trig.trig_input_ref('trig_events_model') %}
{%- set columns = trig.trig_columns_of(user_events) %}
union all
select
    cast(event_id as {{ s }}),
    cast(event_name as {{ s }}),
    cast(occurred_at as {{ dbt.type_timestamp() }}),
    {% if 'person_id' in columns %}cast(person_id as {{ s }}){% else %}cast(null as {{ s }}){% endif %},
    {% if 'organisation_id' in columns %}cast(organisation_id as {{ s }}){% else %}cast(null as {{ s }}){% endif %},
    {% if 'properties' in columns %}cast(properties as {{ trig.trig_type_text() }}){% else %}cast(null as {{ trig.trig_type_text() }}){% endif %},
    'user',
    cast(event_name as {{ s }})
from {{ user_events }}
{%- endif %}
