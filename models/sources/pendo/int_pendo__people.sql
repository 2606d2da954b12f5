{{ config(enabled=trig.trig_source_enabled('pendo')) }}
{#- Pendo visitors as people, linked to their account. -#}

select
    'pendo' as source,
    visitor_id as source_record_id,
    {{ trig.trig_person_id('pendo', 'email', 'visitor_id') }} as person_id,
    lower(trim(email)) as email,
    full_name,
    account_id as organisation_record_id,
    visitor_id as pendo_visitor_id
from {{ ref('stg_pendo__visitors') }}
