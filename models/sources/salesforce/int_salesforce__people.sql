{{ config(enabled=trig.trig_source_enabled('salesforce')) }}
{#- Salesforce contacts as people, linked to their account. -#}

select
    'salesforce' as source,
    contact_id as source_record_id,
    {{ trig.trig_person_id('salesforce', 'email', 'contact_id') }} as person_id,
    lower(trim(email)) as email,
    first_name,
    last_name,
    account_id as organisation_record_id,
    contact_id as salesforce_contact_id
    {%- for alias in trig.trig_passthrough_aliases('salesforce_contact_passthrough') %},
    {{ alias }}
    {%- endfor %}
from {{ ref('stg_salesforce__contacts') }}
