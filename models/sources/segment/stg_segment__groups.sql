{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Segment group calls: a user (or an anonymous id) belongs to a group
    (organisation), many-to-many; group traits as columns. -#}
{%- set rel = trig.trig_source_table('segment', 'groups') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'group_id', required=true) }} as {{ s }}) as group_id,
    cast({{ trig.trig_source_column(c, rel, 'user_id') }} as {{ s }}) as user_id,
    cast({{ trig.trig_source_column(c, rel, 'anonymous_id') }} as {{ s }}) as anonymous_id,
    cast({{ trig.trig_source_column(c, rel, 'timestamp', required=true) }} as {{ dbt.type_timestamp() }}) as grouped_at,
    cast({{ trig.trig_source_column(c, rel, 'name', 'segment_group_name_column') }} as {{ s }}) as group_name,
    cast({{ trig.trig_source_column(c, rel, 'plan', 'segment_group_plan_column') }} as {{ s }}) as plan
    {%- for p in trig.trig_source_passthrough(c, rel, 'segment_group_passthrough') %},
    {{ p }}
    {%- endfor %}
from {{ rel }}
