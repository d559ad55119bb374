namespace Mde.Bindings.Tests.SpecVersion2;

/// <summary>
/// Payloads of the export pages, as fixtures. Source: MicrosoftDocs/defender-docs,
/// defender-endpoint/api/get-assessment-secure-config.md (commit 049e8ea247906423395ae0fc6fc14915c0f97c38), CC BY 4.0
/// © Microsoft: "2.6.2 Response example" (the export answer, verbatim) and the rows of "1.6.2 Response example" (the
/// same rows the files hold, one per line). Repairs: <c>"osPlatform": "Windows10" "Windows11"</c> (two strings run
/// together, invalid JSON) is written <c>"Windows10"</c>; each row is put on one line.
/// </summary>
internal static class ExportPayloads
{
    /// <summary>The page's export answer: three links, each with its SAS (se=2021-01-11T14:55:51Z), and the generated time.</summary>
    public const string ExportAnswer = """
        {
            "@odata.context": "https://api.securitycenter.microsoft.com/api/$metadata#contoso.windowsDefenderATP.api.ExportFilesResponse",
            "exportFiles": [
                "https://tvmexportstrstgeus.blob.core.windows.net/tvm-export/2021-01-11/1101/ScaExport/json/OrgId=12345678-195f-4223-9c7a-99fb420fd000/part-00393-e423630d-4c69-4490-8769-a4f5468c4f25.c000.json.gz?sv=2019-12-12&st=2021-01-11T11%3A55%3A51Z&se=2021-01-11T14%3A55%3A51Z&sr=b&sp=r&sig=...",
                "https://tvmexportstrstgeus.blob.core.windows.net/tvm-export/2021-01-11/1101/ScaExport/json/OrgId=12345678-195f-4223-9c7a-99fb420fd000/part-00394-e423630d-4c69-4490-8769-a4f5468c4f25.c000.json.gz?sv=2019-12-12&st=2021-01-11T11%3A55%3A51Z&se=2021-01-11T14%3A55%3A51Z&sr=b&sp=r&sig=...",
                "https://tvmexportstrstgeus.blob.core.windows.net/tvm-export/2021-01-11/1101/ScaExport/json/OrgId=12345678-195f-4223-9c7a-99fb420fd000/part-00394-e423630d-4c69-4490-8769-a4f5468c4f25.c001.json.gz?sv=2019-12-12&st=2021-01-11T11%3A55%3A51Z&se=2021-01-11T14%3A55%3A51Z&sr=b&sp=r&sig=..."
            ],
            "generatedTime": "2021-01-11T11:01:00Z"
        }
        """;

    /// <summary>The host of the page's links; no message may name it.</summary>
    public const string StorageHost = "tvmexportstrstgeus.blob.core.windows.net";

    /// <summary>When the page's links were issued (their st=): the fake clock starts here.</summary>
    public static readonly DateTimeOffset IssuedAt = new(2021, 1, 11, 11, 55, 51, TimeSpan.Zero);

    public static readonly string[] Rows =
    [
        """{"deviceId": "00013ee62c6b12345b10214e1801b217b50ab455c293d", "rbacGroupName": "hhh", "deviceName": "ComputerPII_5d96860d69c73fdd06fc8d1679e1eb73eceb8330", "osPlatform": "Windows10", "osVersion": "NT kernel 6.x", "timestamp": "2021-01-11 09:47:58.854", "configurationId": "scid-10000", "configurationCategory": "Network", "configurationSubcategory": "", "configurationImpact": 5, "isCompliant": true, "isApplicable": true, "isExpectedUserImpact": false, "configurationName": "Disable insecure administration protocol - Telnet", "recommendationReference": "sca-_-scid-10000"}""",
        """{"deviceId": "0002a1be533813b9a8c6de739785365bce7910", "rbacGroupName": "hhh", "deviceName": null, "osPlatform": "Windows10", "osVersion": "10.0", "timestamp": "2021-01-11 09:47:58.854", "configurationId": "scid-20000", "configurationCategory": "Security controls", "configurationSubcategory": "Onboard Devices", "configurationImpact": 9, "isCompliant": false, "isApplicable": true, "isExpectedUserImpact": false, "configurationName": "Onboard devices to Microsoft Defender for Endpoint", "recommendationReference": "sca-_-scid-20000"}""",
        """{"deviceId": "0002a1de123456a8c06de736785395d4ce7610", "rbacGroupName": "hhh", "deviceName": null, "osPlatform": "Windows10", "osVersion": "10.0", "timestamp": "2021-01-11 09:47:58.854", "configurationId": "scid-10000", "configurationCategory": "Network", "configurationSubcategory": "", "configurationImpact": 5, "isCompliant": true, "isApplicable": true, "isExpectedUserImpact": false, "configurationName": "Disable insecure administration protocol - Telnet", "recommendationReference": "sca-_-scid-10000"}""",
        """{"deviceId": "00044f912345bdaf756492dbe6db733b6a9c59ab4", "rbacGroupName": "hhh", "deviceName": "ComputerPII_18663d45912eed224b2be2f5ea3142726e63f16a.DomainPII_21eeb80b086e76bdfa178eadfa25e8de9acfa346.corp.contoso.com", "osPlatform": "Windows10", "osVersion": "10.0.17763.1637", "timestamp": "2021-01-11 09:47:58.854", "configurationId": "scid-39", "configurationCategory": "OS", "configurationSubcategory": "", "configurationImpact": 5, "isCompliant": true, "isApplicable": true, "isExpectedUserImpact": false, "configurationName": "Enable 'Domain member: Digitally sign secure channel data (when possible)'", "recommendationReference": "sca-_-scid-39"}""",
        """{"deviceId": "00044f912345daf759462bde6bd733d6a9c56ab4", "rbacGroupName": "hhh", "deviceName": "ComputerPII_18663b45612eeb224d2de2f5ea3142726e63f16a.DomainPII_21eed80d086e76dbfa178eadfa25e8be9acfa346.corp.contoso.com", "osPlatform": "Windows10", "osVersion": "10.0.17763.1637", "timestamp": "2021-01-11 09:47:58.854", "configurationId": "scid-6093", "configurationCategory": "Security controls", "configurationSubcategory": "Antivirus", "configurationImpact": 5, "isCompliant": false, "isApplicable": false, "isExpectedUserImpact": false, "configurationName": "Enable Microsoft Defender Antivirus real-time behavior monitoring for Linux", "recommendationReference": "sca-_-scid-6093"}""",
    ];

    /// <summary>
    /// The advanced hunting page's example answer, verbatim. Source: MicrosoftDocs/defender-docs,
    /// defender-endpoint/api/run-advanced-query-api.md (commit 0596477bae557f93ed1d0e21b96206b56c896ad3), CC BY 4.0 © Microsoft.
    /// </summary>
    public const string AdvancedQueryAnswer = """
        {
            "Schema": [
                { "Name": "Timestamp", "Type": "DateTime" },
                { "Name": "FileName", "Type": "String" },
                { "Name": "InitiatingProcessFileName", "Type": "String" },
                { "Name": "DeviceId", "Type": "String" }
            ],
            "Results": [
                { "Timestamp": "2020-02-05T01:10:26.2648757Z", "FileName": "csc.exe", "InitiatingProcessFileName": "powershell.exe", "DeviceId": "10cbf9182d4e95660362f65cfa67c7731f62fdb3" },
                { "Timestamp": "2020-02-05T01:10:26.5614772Z", "FileName": "csc.exe", "InitiatingProcessFileName": "powershell.exe", "DeviceId": "10cbf9182d4e95660362f65cfa67c7731f62fdb3" }
            ]
        }
        """;

    /// <summary>The same page's example request (its query, verbatim).</summary>
    public const string AdvancedQuery = "DeviceProcessEvents |where InitiatingProcessFileName =~ 'powershell.exe' |where ProcessCommandLine contains 'appdata'|project Timestamp, FileName, InitiatingProcessFileName, DeviceId|limit 2";
}
