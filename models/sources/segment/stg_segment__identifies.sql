{{ config(enabled=trig.trig_source_enabled('segment')) }}
{#- Segment identify calls: which user an anonymous id turned out to be. -#}
{%- set rel = trig.trig_source_table('segment', 'identifies') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'anonymous_id') }} as {{ s }}) as anonymous_id,
    cast({{ trig.trig_source_column(c, rel, 'user_id', required=true) }} as {{ s }}) as user_id,
    cast({{ trig.trig_source_column(c, rel, 'timestamp', required=true) }} as {{ dbt.type_timestamp() }}) as identified_at
from {{ rel }}
