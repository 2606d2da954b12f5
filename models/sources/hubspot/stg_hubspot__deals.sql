{{ config(enabled=trig.trig_source_enabled('hubspot') and var('hubspot_arr', 'property_annualrevenue') == 'deals') }}
{#- HubSpot deals linked to companies (a deal can link several: each gets it), not
    deleted; only built when ARR comes from deals (var hubspot_arr: deals). -#}
{%- set deal = trig.trig_source_table('hubspot', 'deal') -%}
{%- set link = trig.trig_source_table('hubspot', 'deal_company') -%}
{%- set c = trig.trig_source_columns(deal) -%}
{%- set l = trig.trig_source_columns(link) -%}
{%- set s = dbt.type_string() -%}

select
    cast({{ trig.trig_source_column(c, deal, ['deal_id', 'id'], required=true, prefix='deal') }} as {{ s }}) as deal_id,
    cast({{ trig.trig_source_column(l, link, 'company_id', required=true, prefix='deal_company') }} as {{ s }}) as company_id,
    cast({{ trig.trig_source_column(c, deal, ['deal_pipeline_stage_id', 'property_dealstage'], 'hubspot_deal_stage_column', prefix='deal') }} as {{ s }}) as stage_id,
    cast({{ trig.trig_source_column(c, deal, ['property_amount', 'properties_amount'], prefix='deal') }} as {{ trig.trig_type_double() }}) as amount,
    cast({{ trig.trig_source_column(c, deal, ['property_closedate', 'properties_closedate'], prefix='deal') }} as date) as close_date
from {{ deal }} as deal
inner join {{ link }} as deal_company
    on cast(deal_company.{{ adapter.quote(l.get('dealid', 'deal_id')) }} as {{ s }}) = cast({{ trig.trig_source_column(c, deal, ['deal_id', 'id'], required=true, prefix='deal') }} as {{ s }})
where not {{ trig.trig_is_true(trig.trig_source_column(c, deal, 'is_deleted', prefix='deal')) }}
    and not {{ trig.trig_is_true(trig.trig_source_column(c, deal, '_fivetran_deleted', prefix='deal')) }}
