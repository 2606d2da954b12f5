{{ config(enabled=trig.trig_source_enabled('hubspot') and var('hubspot_owner_enabled', true)) }}
{#- HubSpot owners: the CSM / account owner named on a company. -#}
{%- set rel = trig.trig_source_table('hubspot', 'owner') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, ['owner_id', 'id'], required=true) }} as {{ s }}) as owner_id,
    cast({{ trig.trig_source_column(c, rel, 'email') }} as {{ s }}) as owner_email,
    cast({{ trig.trig_source_column(c, rel, 'first_name') }} as {{ s }}) as owner_first_name,
    cast({{ trig.trig_source_column(c, rel, 'last_name') }} as {{ s }}) as owner_last_name
from {{ rel }}
