{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Segment groups as organisations (the group id is the product workspace id), with
    the traits of the latest group call. -#}
{%- set s = dbt.type_string() -%}
{%- set passthrough = trig.trig_passthrough_aliases('segment_group_passthrough') -%}

with ranked as (
    select
        groups.*,
        row_number() over (partition by group_id order by grouped_at desc) as recency
    from {{ ref('stg_segment__groups') }} as groups
)

select
    'segment' as source,
    group_id as source_record_id,
    group_id as organisation_id,
    group_name as organisation_name,
    plan,
    cast(null as {{ trig.trig_type_double() }}) as arr,
    cast(null as date) as renewal_date,
    cast(null as {{ s }}) as csm_name,
    cast(null as {{ s }}) as csm_email,
    cast(null as date) as created_date,
    group_id as segment_group_id
    {%- for alias in passthrough %},
    {{ alias }}
    {%- endfor %}
from ranked
where recency = 1
