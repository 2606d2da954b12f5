/* depends_on: {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */
{#- Organisation attributes before lifecycle attributes: the input columns, the
    roll-ups of people and events, and the runner's attribute write-backs. -#}
{%- set rollups = trig.trig_rollups() -%}
{%- set people_rollups = rollups | selectattr('of', 'equalto', 'people') | list -%}
{%- set event_rollups = rollups | selectattr('of', 'equalto', 'events') | rejectattr('within_s', 'none') | list -%}
{%- set total_rollups = rollups | selectattr('of', 'equalto', 'events') | selectattr('within_s', 'none') | list -%}
{%- set t = trig.trig_t() -%}
{%- set people_ctx = trig.trig_catalog_context('rollups', 'person', base_only=true) -%}

with organisations as (
    select * from {{ ref('stg_trig__organisations') }}
),

people_rollups as (
    select
        a.organisation_id
        {%- for r in people_rollups %}
        {%- set tree = trig.trig_normalize_criteria(r.where, people_ctx, r.name ~ '.where') %}
        {%- set matches = '(' ~ trig.trig_criteria_sql(tree, t) ~ ') is not null' %},
        {{ r.function }}(case when {{ matches }} then {{ ('a.' ~ r.column) if r.column else '1' }} end) as {{ r.name }}
        {%- endfor %}
    from {{ ref('stg_trig__people') }} as a
    group by a.organisation_id
),

{% for r in event_rollups %}
event_rollup_{{ loop.index }} as (
    select
        organisation_id,
        {%- if r.function == 'count' %}
        count(distinct event_id) as {{ r.name }}
        {%- else %}
        {{ r.function }}(cast({{ trig.trig_json_extract_string('properties', r.property) }} as {{ trig.trig_type_double() }})) as {{ r.name }}
        {%- endif %}
    from {{ trig.trig_events_with_organisation() }} as events
    where event_name = {{ trig.trig_string_literal(r.event) }}
        and occurred_at <= {{ t }}
        {%- if r.within_s %}
        and occurred_at > {{ dbt.dateadd('second', -r.within_s, t) }}
        {%- endif %}
    group by organisation_id
),
{% endfor %}

totals as (
    select * from {{ ref('int_trig__event_rollup_totals') }}
),

written as (
    {{ trig.trig_written_attributes_sql('organisation', 'organisation_id') }}
)

select
    organisations.*
    {%- for r in people_rollups %},
    {% if r.function == 'count' %}coalesce(people_rollups.{{ r.name }}, 0){% else %}people_rollups.{{ r.name }}{% endif %} as {{ r.name }}
    {%- endfor %}
    {%- for r in event_rollups %},
    {% if r.function == 'count' %}coalesce(event_rollup_{{ loop.index }}.{{ r.name }}, 0){% else %}event_rollup_{{ loop.index }}.{{ r.name }}{% endif %} as {{ r.name }}
    {%- endfor %}
    {%- for r in total_rollups %},
    {% if r.function == 'count' -%}
    coalesce(totals.{{ r.name }}__events, 0)
    {%- elif r.function == 'avg' -%}
    totals.{{ r.name }}__sum / nullif(totals.{{ r.name }}__valued, 0)
    {%- else -%}
    totals.{{ r.name }}__{{ r.function }}
    {%- endif %} as {{ r.name }}
    {%- endfor %}
    {%- for name in trig.trig_written_attributes('organisation') %},
    written.{{ name }}
    {%- endfor %}
from organisations
left join people_rollups on people_rollups.organisation_id = organisations.organisation_id
{%- for r in event_rollups %}
left join event_rollup_{{ loop.index }} on event_rollup_{{ loop.index }}.organisation_id = organisations.organisation_id
{%- endfor %}
left join totals on totals.organisation_id = organisations.organisation_id
left join written on written.organisation_id = organisations.organisation_id
