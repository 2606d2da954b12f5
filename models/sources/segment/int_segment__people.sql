{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Segment users as people; their organisations come from group calls
    (int_segment__memberships), so organisation_record_id is empty here. -#}
{%- set s = dbt.type_string() -%}

select
    'segment' as source,
    user_id as source_record_id,
    {{ trig.trig_person_id('segment', 'email', 'user_id') }} as person_id,
    lower(trim(email)) as email,
    first_name,
    last_name,
    cast(null as {{ s }}) as organisation_record_id,
    user_id as segment_user_id
    {%- for alias in trig.trig_passthrough_aliases('segment_user_passthrough') %},
    {{ alias }}
    {%- endfor %}
from {{ ref('stg_segment__users') }}
where user_id is not null
