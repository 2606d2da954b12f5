{{ config(enabled=trig.trig_source_enabled('hubspot')) }}
{#- HubSpot companies as organisations: the owner's name and email as the CSM, ARR
    from a company property or (var hubspot_arr: deals) the won deals closed in the
    year before T. The organisation id is the product workspace id when the company
    carries it (var hubspot_workspace_id_column), else 'hubspot:<company id>'. -#}
{%- set s = dbt.type_string() -%}
{%- set from_deals = var('hubspot_arr', 'property_annualrevenue') == 'deals' -%}
{%- set owners = var('hubspot_owner_enabled', true) -%}
{%- set t = trig.trig_t() -%}

with companies as (
    select * from {{ ref('stg_hubspot__companies') }}
)
{%- if from_deals %},

deal_arr as (
    select company_id, sum(amount) as arr
    from {{ ref('stg_hubspot__deals') }}
    where stage_id in ({% for stage in var('hubspot_won_stages', ['closedwon']) %}{{ trig.trig_string_literal(stage) }}{% if not loop.last %}, {% endif %}{% endfor %})
        and close_date <= cast({{ t }} as date)
        and close_date > cast({{ dbt.dateadd('day', -365, t) }} as date)
    group by company_id
)
{%- endif %}

select
    'hubspot' as source,
    companies.company_id as source_record_id,
    coalesce(companies.workspace_id, {{ trig.trig_prefixed('hubspot', 'companies.company_id') }}) as organisation_id,
    companies.company_name as organisation_name,
    companies.plan,
    {% if from_deals %}deal_arr.arr{% else %}companies.arr_property{% endif %} as arr,
    companies.renewal_date,
    {% if owners %}nullif(trim({{ dbt.concat(["coalesce(owners.owner_first_name, '')", "' '", "coalesce(owners.owner_last_name, '')"]) }}), ''){% else %}cast(null as {{ s }}){% endif %} as csm_name,
    {% if owners %}lower(owners.owner_email){% else %}cast(null as {{ s }}){% endif %} as csm_email,
    companies.created_date,
    companies.company_id as hubspot_company_id
    {%- for alias in trig.trig_passthrough_aliases('hubspot_company_passthrough') %},
    companies.{{ alias }}
    {%- endfor %}
from companies
{%- if owners %}
left join {{ ref('stg_hubspot__owners') }} as owners on owners.owner_id = companies.owner_id
{%- endif %}
{%- if from_deals %}
left join deal_arr on deal_arr.company_id = companies.company_id
{%- endif %}
