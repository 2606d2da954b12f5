{{ config(enabled=trig.trig_source_enabled('hubspot')) }}
{#- HubSpot contacts as people, without the contacts merged into another one: a
    contact whose id is listed in another contact's property_hs_merged_object_ids
    (';'-separated) is the merged-away duplicate. The list is matched as text
    (';' || list || ';' like '%;id;%'), which every warehouse can do; only the
    few contacts that have such a list are joined. -#}
{%- set s = dbt.type_string() -%}

with contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

survivors as (
    select contact_id, merged_object_ids from contacts
    where merged_object_ids is not null and merged_object_ids <> ''
),

merged_away as (
    select distinct contacts.contact_id
    from contacts
    inner join survivors
        on survivors.contact_id <> contacts.contact_id
        and {{ dbt.concat(["';'", "replace(survivors.merged_object_ids, ' ', '')", "';'"]) }}
            like {{ dbt.concat(["'%;'", 'contacts.contact_id', "';%'"]) }}
)

select
    'hubspot' as source,
    contacts.contact_id as source_record_id,
    {{ trig.trig_person_id('hubspot', 'contacts.email', 'contacts.contact_id') }} as person_id,
    lower(trim(contacts.email)) as email,
    contacts.first_name,
    contacts.last_name,
    contacts.company_id as organisation_record_id,
    contacts.contact_id as hubspot_contact_id
    {%- for alias in trig.trig_passthrough_aliases('hubspot_contact_passthrough') %},
    contacts.{{ alias }}
    {%- endfor %}
from contacts
where contacts.contact_id not in (select contact_id from merged_away)
