{{ config(enabled=trig.trig_source_enabled('pendo')) }}
{#- Pendo accounts as organisations (the account id is the product workspace id). -#}
{%- set s = dbt.type_string() -%}

select
    'pendo' as source,
    account_id as source_record_id,
    account_id as organisation_id,
    account_name as organisation_name,
    plan,
    cast(null as {{ trig.trig_type_double() }}) as arr,
    cast(null as date) as renewal_date,
    cast(null as {{ s }}) as csm_name,
    cast(null as {{ s }}) as csm_email,
    cast(null as date) as created_date,
    account_id as pendo_account_id
from {{ ref('stg_pendo__accounts') }}
