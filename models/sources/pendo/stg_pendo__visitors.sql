{{ config(enabled=trig.trig_source_enabled('pendo')) }}
{#- Pendo visitors: the latest version of each, with the email metadata column (var
    pendo_visitor_email_column, default agent_email) and their account. -#}
{%- set rel = trig.trig_source_table('pendo', 'visitor_history') -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set s = dbt.type_string() -%}

with ranked as (
    select
        cast({{ trig.trig_source_column(c, rel, 'id', required=true) }} as {{ s }}) as visitor_id,
        cast({{ trig.trig_source_column(c, rel, 'account_id') }} as {{ s }}) as account_id,
        cast({{ trig.trig_source_column(c, rel, 'agent_email', 'pendo_visitor_email_column') }} as {{ s }}) as email,
        cast({{ trig.trig_source_column(c, rel, 'agent_full_name', 'pendo_visitor_name_column') }} as {{ s }}) as full_name,
        row_number() over (
            partition by {{ trig.trig_source_column(c, rel, 'id', required=true) }}
            order by {{ trig.trig_source_column(c, rel, 'last_updated_at', required=true) }} desc
        ) as recency
    from {{ rel }}
)

select visitor_id, account_id, email, full_name from ranked where recency = 1
