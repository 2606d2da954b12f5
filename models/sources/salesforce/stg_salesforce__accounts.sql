{{ config(enabled=trig.trig_source_enabled('salesforce')) }}
{#- Salesforce accounts kept as `coalesce(_fivetran_active, true) and not is_deleted`
    (or, in history mode, the version valid at T). Accounts merged into another
    (`master_record_id` set) are dropped. Reads Fivetran's snake_case and Airbyte's
    API names alike. -#}
{%- set rel = trig.trig_source_table('salesforce', 'account') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}
{%- set arr = var('salesforce_arr', 'annual_revenue') -%}

select
    cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as account_id,
    cast({{ trig.trig_source_column(c, rel, 'name') }} as {{ s }}) as account_name,
    cast({{ trig.trig_source_column(c, rel, [], 'salesforce_plan_column') }} as {{ s }}) as plan,
    cast({{ 'null' if arr == 'opportunities' else trig.trig_source_column(c, rel, [arr], required=true) }} as {{ trig.trig_type_double() }}) as arr_field,
    cast({{ trig.trig_source_column(c, rel, [], 'salesforce_renewal_date_column') }} as date) as renewal_date_field,
    cast({{ trig.trig_source_column(c, rel, 'owner_id') }} as {{ s }}) as owner_id,
    cast({{ trig.trig_source_column(c, rel, 'created_date') }} as date) as created_date,
    cast({{ trig.trig_source_column(c, rel, 'parent_id') }} as {{ s }}) as parent_account_id,
    cast({{ trig.trig_source_column(c, rel, 'type') }} as {{ s }}) as account_type,
    cast({{ trig.trig_source_column(c, rel, [], 'salesforce_workspace_id_column') }} as {{ s }}) as workspace_id
    {%- for p in trig.trig_source_passthrough(c, rel, 'salesforce_account_passthrough') %},
    {{ p }}
    {%- endfor %}
from {{ rel }}
where {{ trig.trig_salesforce_current(c, rel) }}
    and {{ trig.trig_source_column(c, rel, 'master_record_id') }} is null
