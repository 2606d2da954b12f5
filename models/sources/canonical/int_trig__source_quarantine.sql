{{ config(enabled=trig.trig_source_enabled(), materialized='view') }}
{#- What the connectors' staging leaves out or merges, with the reason, for
    trig_quarantine (which adds the engine's own checks of the canonical inputs). -#}
{%- set s = dbt.type_string() -%}
{%- set people = trig.trig_source_models('people') -%}

with person_rows as (
    {%- for relation in people %}
    select source, source_record_id, person_id, organisation_record_id from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select cast(null as {{ s }}) as source, cast(null as {{ s }}) as source_record_id, cast(null as {{ s }}) as person_id, cast(null as {{ s }}) as organisation_record_id where 1 = 0
    {%- endfor %}
),

organisation_keys as (
    {%- for relation in trig.trig_source_models('organisations') %}
    select source, source_record_id from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select cast(null as {{ s }}) as source, cast(null as {{ s }}) as source_record_id where 1 = 0
    {%- endfor %}
)

select
    'people' as input_model,
    person_id as record_id,
    cast('one email on several source records (merged into one person)' as {{ s }}) as reason,
    count(*) as row_count
from person_rows
where person_id is not null
group by person_id
having count(*) > 1 and count(distinct source) < count(*)
union all
select 'people', person_rows.person_id,
    {{ dbt.concat(["'linked to ' ", 'person_rows.source', "' record '", 'person_rows.organisation_record_id', "', which is deleted or not synced (link left out)'"]) }},
    1
from person_rows
left join organisation_keys
    on organisation_keys.source = person_rows.source
    and organisation_keys.source_record_id = person_rows.organisation_record_id
where person_rows.organisation_record_id is not null and organisation_keys.source_record_id is null
{%- if 'hubspot' in trig.trig_enabled_sources() %}
union all
select 'people', {{ trig.trig_prefixed('hubspot', 'contact_id') }}, 'hubspot contact merged into another contact (left out)', 1
from {{ ref('stg_hubspot__contacts') }}
where contact_id not in (select source_record_id from {{ ref('int_hubspot__people') }})
{%- endif %}
{%- if 'pendo' in trig.trig_enabled_sources() %}
{%- set cap = var('pendo_max_events_per_row', 10000) | int %}
{%- set t = trig.trig_t() %}
union all
select 'events', event_id,
    {{ dbt.concat(["'Pendo aggregate row of '", 'cast(num_events as ' ~ s ~ ')', "' events counted as " ~ cap ~ " (var pendo_max_events_per_row)'"]) }},
    1
from {{ ref('stg_pendo__events') }}
{#- the recent window only, like trig_quarantine's other event checks #}
where num_events > {{ cap }}
    and occurred_at > {{ dbt.dateadd('day', -(var('trig_quarantine_window_days', 7) | int), t) }}
{%- endif %}
