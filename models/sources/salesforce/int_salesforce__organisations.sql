{{ config(enabled=trig.trig_source_enabled('salesforce')) }}
{#- Salesforce accounts as organisations. ARR: an account field (var salesforce_arr,
    default annual_revenue) or 'opportunities' (won, closed in the year before T).
    Renewal date: a field (var salesforce_renewal_date_column) or the next open
    opportunity of type var salesforce_renewal_type (default 'Renewal') closing on or
    after T. CSM: the account owner (user table). -#}
{%- set s = dbt.type_string() -%}
{%- set from_opportunities = var('salesforce_arr', 'annual_revenue') == 'opportunities' -%}
{%- set opportunities = var('salesforce_opportunity_enabled', true) -%}
{%- set t = trig.trig_t() -%}

with accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
)
{%- if opportunities %},

opportunity_facts as (
    select
        account_id,
        sum(case when is_won and close_date <= cast({{ t }} as date)
            and close_date > cast({{ dbt.dateadd('day', -365, t) }} as date) then amount end) as won_arr,
        min(case when not is_closed and opportunity_type = {{ trig.trig_string_literal(var('salesforce_renewal_type', 'Renewal')) }}
            and close_date >= cast({{ t }} as date) then close_date end) as next_renewal
    from {{ ref('stg_salesforce__opportunities') }}
    group by account_id
)
{%- endif %}

select
    'salesforce' as source,
    accounts.account_id as source_record_id,
    coalesce(accounts.workspace_id, {{ trig.trig_prefixed('salesforce', 'accounts.account_id') }}) as organisation_id,
    accounts.account_name as organisation_name,
    accounts.plan,
    {% if from_opportunities %}opportunity_facts.won_arr{% else %}accounts.arr_field{% endif %} as arr,
    {% if opportunities %}coalesce(accounts.renewal_date_field, opportunity_facts.next_renewal){% else %}accounts.renewal_date_field{% endif %} as renewal_date,
    users.user_name as csm_name,
    users.user_email as csm_email,
    accounts.created_date,
    accounts.account_id as salesforce_account_id,
    accounts.parent_account_id as salesforce_parent_account_id,
    accounts.account_type as salesforce_account_type
    {%- for alias in trig.trig_passthrough_aliases('salesforce_account_passthrough') %},
    accounts.{{ alias }}
    {%- endfor %}
from accounts
left join {{ ref('stg_salesforce__users') }} as users on users.user_id = accounts.owner_id
{%- if opportunities %}
left join opportunity_facts on opportunity_facts.account_id = accounts.account_id
{%- endif %}
