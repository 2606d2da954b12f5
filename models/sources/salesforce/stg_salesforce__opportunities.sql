{{ config(enabled=trig.trig_source_enabled('salesforce') and var('salesforce_opportunity_enabled', true)) }}
{#- Salesforce opportunities (current version, not deleted): won ones give ARR when
    var salesforce_arr is 'opportunities'; open ones of the renewal type give the
    renewal date. -#}
{%- set rel = trig.trig_source_table('salesforce', 'opportunity') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as opportunity_id,
    cast({{ trig.trig_source_column(c, rel, 'account_id') }} as {{ s }}) as account_id,
    cast({{ trig.trig_source_column(c, rel, 'amount') }} as {{ trig.trig_type_double() }}) as amount,
    cast({{ trig.trig_source_column(c, rel, 'close_date') }} as date) as close_date,
    {{ trig.trig_is_true(trig.trig_source_column(c, rel, 'is_won')) }} as is_won,
    {{ trig.trig_is_true(trig.trig_source_column(c, rel, 'is_closed')) }} as is_closed,
    cast({{ trig.trig_source_column(c, rel, 'type') }} as {{ s }}) as opportunity_type
from {{ rel }}
where {{ trig.trig_salesforce_current(c, rel) }}
