{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Segment users: the latest traits per user id (`id`). -#}
{%- set rel = trig.trig_source_table('segment', 'users') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as user_id,
    cast({{ trig.trig_source_column(c, rel, 'email', 'segment_email_column') }} as {{ s }}) as email,
    cast({{ trig.trig_source_column(c, rel, 'first_name') }} as {{ s }}) as first_name,
    cast({{ trig.trig_source_column(c, rel, 'last_name') }} as {{ s }}) as last_name
    {%- for p in trig.trig_source_passthrough(c, rel, 'segment_user_passthrough') %},
    {{ p }}
    {%- endfor %}
from {{ rel }}
