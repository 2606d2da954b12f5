{{ config(enabled=trig.trig_source_enabled('salesforce')) }}
{#- Salesforce contacts (current version, not deleted, not merged away), with their account. -#}
{%- set rel = trig.trig_source_table('salesforce', 'contact') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as contact_id,
    cast({{ trig.trig_source_column(c, rel, 'account_id') }} as {{ s }}) as account_id,
    cast({{ trig.trig_source_column(c, rel, 'email', 'salesforce_email_column') }} as {{ s }}) as email,
    cast({{ trig.trig_source_column(c, rel, 'first_name') }} as {{ s }}) as first_name,
    cast({{ trig.trig_source_column(c, rel, 'last_name') }} as {{ s }}) as last_name
    {%- for p in trig.trig_source_passthrough(c, rel, 'salesforce_contact_passthrough') %},
    {{ p }}
    {%- endfor %}
from {{ rel }}
where {{ trig.trig_salesforce_current(c, rel) }}
    and {{ trig.trig_source_column(c, rel, 'master_record_id') }} is null
