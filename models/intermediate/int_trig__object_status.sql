{#- full_refresh=false: when each object was paused and resumed is a fact of
    the deployment, not of the inputs; a full refresh rebuilds history with it (ADR 017) -#}
{{ config(materialized='incremental', full_refresh=false) }}
{#- Status history of lifecycle objects: a row each time an object's declared status
    (live, paused, shadow) differs from the one last recorded, stamped with the
    evaluation that first saw it. A job resumed after a pause is live again from that
    evaluation: events of the pause cause no entries (docs/decisions/005-corner-semantics.md). -#}
{%- set objects = trig.trig_objects() | rejectattr('kind', 'equalto', 'cohort') | list -%}
{%- set t = trig.trig_t() -%}
{%- set repeat = trig.trig_evaluation_is_repeat() -%}

with declared as (
    select
        cast(null as {{ dbt.type_string() }}) as object_name,
        cast(null as {{ dbt.type_string() }}) as status
    where 1 = 0
    {%- for o in objects %}
    union all
    select '{{ o.name }}', '{{ o.status }}'
    {%- endfor %}
),

recorded as (
    {%- if is_incremental() %}
    select object_name, status
    from (
        select object_name, status,
            row_number() over (partition by object_name order by changed_at desc) as recency
        from {{ this }}
    ) as history
    where recency = 1
    {%- else %}
    select object_name, status from declared where 1 = 0
    {%- endif %}
)

select
    declared.object_name,
    declared.status,
    recorded.status as previous_status,
    {{ t }} as changed_at
from declared
left join recorded on recorded.object_name = declared.object_name
where (recorded.status is null or recorded.status <> declared.status)
    {%- if repeat %} and 1 = 0{% endif %}
