{{ config(enabled=trig.trig_source_enabled('salesforce')) }}
{#- Salesforce users: account owners (named as the organisation's CSM). -#}
{%- set rel = trig.trig_source_table('salesforce', 'user') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as user_id,
    cast({{ trig.trig_source_column(c, rel, 'name') }} as {{ s }}) as user_name,
    lower(cast({{ trig.trig_source_column(c, rel, 'email') }} as {{ s }})) as user_email
from {{ rel }}
where not {{ trig.trig_is_true(trig.trig_source_column(c, rel, '_fivetran_deleted')) }}
    and coalesce(cast({{ trig.trig_source_column(c, rel, '_fivetran_active') }} as {{ dbt.type_boolean() }}), true)
