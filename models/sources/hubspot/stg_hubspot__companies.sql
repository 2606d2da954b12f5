{{ config(enabled=trig.trig_source_enabled('hubspot')) }}
{#- HubSpot companies that are not deleted (`is_deleted` or `_fivetran_deleted`,
    either one). Columns chosen by vars: plan, renewal date, the product workspace id
    (the CRM <-> product link), ARR when it is a company property. -#}
{%- set rel = trig.trig_source_table('hubspot', 'company') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}
{%- set arr = var('hubspot_arr', 'property_annualrevenue') -%}

select
    cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as company_id,
    cast({{ trig.trig_source_column(c, rel, ['property_name', 'properties_name']) }} as {{ s }}) as company_name,
    cast({{ trig.trig_source_column(c, rel, [], 'hubspot_plan_column') }} as {{ s }}) as plan,
    cast({{ 'null' if arr == 'deals' else trig.trig_source_column(c, rel, [arr], required=true) }} as {{ trig.trig_type_double() }}) as arr_property,
    cast({{ trig.trig_source_column(c, rel, [], 'hubspot_renewal_date_column') }} as date) as renewal_date,
    cast({{ trig.trig_source_column(c, rel, ['property_hubspot_owner_id', 'properties_hubspot_owner_id'], 'hubspot_owner_column') }} as {{ s }}) as owner_id,
    cast({{ trig.trig_source_column(c, rel, ['property_createdate', 'properties_createdate'], 'hubspot_created_date_column') }} as date) as created_date,
    cast({{ trig.trig_source_column(c, rel, [], 'hubspot_workspace_id_column') }} as {{ s }}) as workspace_id
    {%- for p in trig.trig_source_passthrough(c, rel, 'hubspot_company_passthrough') %},
    {{ p }}
    {%- endfor %}
from {{ rel }}
where not {{ trig.trig_is_true(trig.trig_source_column(c, rel, 'is_deleted')) }}
    and not {{ trig.trig_is_true(trig.trig_source_column(c, rel, '_fivetran_deleted')) }}
