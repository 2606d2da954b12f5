{{ config(enabled=trig.trig_source_enabled('pendo')) }}
{#- Pendo accounts: the latest version of each (by last_updated_at); metadata columns
    `agent_*` for the name (var pendo_account_name_column) and plan. -#}
{%- set rel = trig.trig_source_table('pendo', 'account_history') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

with ranked as (
    select
        cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as account_id,
        cast({{ trig.trig_source_column(c, rel, 'agent_name', 'pendo_account_name_column') }} as {{ s }}) as account_name,
        cast({{ trig.trig_source_column(c, rel, 'agent_plan', 'pendo_account_plan_column') }} as {{ s }}) as plan,
        row_number() over (
            partition by {{ trig.trig_source_column(c, rel, 'id', required=true) }}
            order by {{ trig.trig_source_column(c, rel, 'last_updated_at', required=true) }} desc
        ) as recency
    from {{ rel }}
)

select account_id, account_name, plan from ranked where recency = 1
