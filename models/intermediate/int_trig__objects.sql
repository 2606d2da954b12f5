{#- full_refresh=false: when each object went live is a fact of the deployment, not of the
    inputs; a full refresh rebuilds history with it (ADR 017) -#}
{{ config(materialized='incremental', full_refresh=false) }}
{#- Registry of lifecycle objects: when each was first evaluated. An object is live
    from then (or from its `live_from`): events before that never count for entry. -#}
{%- set objects = trig.trig_objects() | rejectattr('kind', 'equalto', 'cohort') | list -%}
{%- set t = trig.trig_t() -%}
{%- set repeat = trig.trig_evaluation_is_repeat() -%}

with declared as (
    select
        cast(null as {{ dbt.type_string() }}) as object_name,
        cast(null as {{ dbt.type_string() }}) as object_kind,
        cast(null as {{ dbt.type_timestamp() }}) as live_from,
        cast(null as {{ dbt.type_timestamp() }}) as first_evaluated_at
    where 1 = 0
    {%- for o in objects %}
    union all
    select '{{ o.name }}', '{{ o.kind }}',
        {{ trig.trig_timestamp_literal(o.live_from) if o.live_from else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }},
        {{ t }}
    {%- endfor %}
)

select * from declared
{%- if is_incremental() %}
where object_name not in (select object_name from {{ this }})
    {%- if repeat %} and 1 = 0{% endif %}
{%- endif %}
