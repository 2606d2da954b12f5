{{ config(enabled=trig.trig_source_enabled('hubspot')) }}
{#- HubSpot contacts that are not deleted, with their associated company (Fivetran:
    property_associatedcompanyid, Airbyte: properties_associatedcompanyid) and the
    ids merged into them. Merged-away contacts are dropped in int_hubspot__people. -#}
{%- set rel = trig.trig_source_table('hubspot', 'contact') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as contact_id,
    cast({{ trig.trig_source_column(c, rel, ['property_email', 'properties_email'], 'hubspot_email_column') }} as {{ s }}) as email,
    cast({{ trig.trig_source_column(c, rel, ['property_firstname', 'properties_firstname']) }} as {{ s }}) as first_name,
    cast({{ trig.trig_source_column(c, rel, ['property_lastname', 'properties_lastname']) }} as {{ s }}) as last_name,
    cast({{ trig.trig_source_column(c, rel, ['property_associatedcompanyid', 'properties_associatedcompanyid', 'associatedcompanyid'], 'hubspot_contact_company_column') }} as {{ s }}) as company_id,
    cast({{ trig.trig_source_column(c, rel, ['property_hs_merged_object_ids', 'properties_hs_merged_object_ids']) }} as {{ s }}) as merged_object_ids
    {%- for p in trig.trig_source_passthrough(c, rel, 'hubspot_contact_passthrough') %},
    {{ p }}
    {%- endfor %}
from {{ rel }}
where not {{ trig.trig_is_true(trig.trig_source_column(c, rel, 'is_deleted')) }}
    and not {{ trig.trig_is_true(trig.trig_source_column(c, rel, '_fivetran_deleted')) }}
